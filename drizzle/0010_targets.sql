CREATE TABLE "targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"period" text NOT NULL,
	"metric" text NOT NULL,
	"scope_kind" text NOT NULL,
	"scope_value" text DEFAULT '' NOT NULL,
	"salesman_id" integer,
	"amount" numeric(18, 4) NOT NULL,
	"source" text DEFAULT 'import' NOT NULL,
	"set_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "targets_period_shape" CHECK ("targets"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'),
	CONSTRAINT "targets_amount_nonnegative" CHECK ("targets"."amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_salesman_id_salesmen_id_fk" FOREIGN KEY ("salesman_id") REFERENCES "public"."salesmen"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "targets_natural_key_uq" ON "targets" USING btree ("period","metric","scope_kind","scope_value");--> statement-breakpoint
CREATE INDEX "targets_salesman_idx" ON "targets" USING btree ("salesman_id");