CREATE TABLE "follows" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_slack_user_id" text NOT NULL,
	"subscription_id" integer NOT NULL,
	"metric" text NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cadence" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "follows_owner_metric_uq" ON "follows" USING btree ("owner_slack_user_id","metric","filters");--> statement-breakpoint
CREATE INDEX "follows_subscription_idx" ON "follows" USING btree ("subscription_id");