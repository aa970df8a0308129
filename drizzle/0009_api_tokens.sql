CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"name" text,
	"owner_slack_user_id" text,
	"owner_salesman_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "api_tokens_one_owner" CHECK (("api_tokens"."owner_slack_user_id" is null) <> ("api_tokens"."owner_salesman_id" is null))
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_owner_salesman_id_salesmen_id_fk" FOREIGN KEY ("owner_salesman_id") REFERENCES "public"."salesmen"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_owner_salesman_idx" ON "api_tokens" USING btree ("owner_salesman_id");