CREATE TABLE "customers" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"city" text,
	"region" text,
	"country" text,
	"latitude" double precision,
	"longitude" double precision,
	"salesman_id" integer,
	"created_at" timestamp with time zone,
	"is_placeholder" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "salesmen" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"slack_user_id" text,
	"region" text,
	"manager_external_id" text,
	"active" boolean DEFAULT true NOT NULL,
	"is_placeholder" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "salesmen_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"sku" text,
	"category" text,
	"unit_price" numeric(14, 4),
	"unit_cost" numeric(14, 4),
	"stock_qty" integer,
	"active" boolean DEFAULT true NOT NULL,
	"is_placeholder" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "order_items" (
	"order_id" bigint NOT NULL,
	"line_no" integer NOT NULL,
	"product_id" integer NOT NULL,
	"ordered_at" timestamp with time zone NOT NULL,
	"customer_id" integer NOT NULL,
	"salesman_id" integer,
	"quantity" numeric(14, 3) NOT NULL,
	"unit_price" numeric(14, 4) NOT NULL,
	"discount" numeric(6, 5) DEFAULT '0' NOT NULL,
	"amount" numeric(16, 4) NOT NULL,
	CONSTRAINT "order_items_order_id_line_no_pk" PRIMARY KEY("order_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"ordered_at" timestamp with time zone NOT NULL,
	"customer_id" integer NOT NULL,
	"salesman_id" integer,
	CONSTRAINT "orders_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"salesman_id" integer NOT NULL,
	"kind" text NOT NULL,
	"customer_id" integer,
	"notes" text,
	"outcome" text,
	"source" text DEFAULT 'import' NOT NULL,
	CONSTRAINT "activities_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "lead_stage_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"lead_id" integer NOT NULL,
	"stage" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"stage" text NOT NULL,
	"stage_changed_at" timestamp with time zone,
	"customer_id" integer,
	"salesman_id" integer,
	"source" text,
	"value" numeric(16, 4),
	"lost_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leads_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "alert_state" (
	"id" serial PRIMARY KEY NOT NULL,
	"alert_kind" text NOT NULL,
	"subject_key" text NOT NULL,
	"customer_id" integer,
	"product_id" integer,
	"state" text DEFAULT 'open' NOT NULL,
	"snoozed_until" timestamp with time zone,
	"assigned_slack_user_id" text,
	"channel_id" text,
	"message_ts" text,
	"details" jsonb,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cross_sell_feedback" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"salesman_id" integer,
	"customer_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"verdict" text NOT NULL,
	"slack_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"subscription_id" integer,
	"job_name" text NOT NULL,
	"recipient" text NOT NULL,
	"status" text NOT NULL,
	"message_ts" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_name" text NOT NULL,
	"job_id" text,
	"subscription_id" integer,
	"status" text NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "slack_users" (
	"slack_user_id" text PRIMARY KEY NOT NULL,
	"team_id" text,
	"salesman_id" integer,
	"role" text DEFAULT 'salesman' NOT NULL,
	"email" text,
	"time_zone" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_slack_user_id" text NOT NULL,
	"target" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cron" text NOT NULL,
	"time_zone" text NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"skip_when_empty" boolean DEFAULT false NOT NULL,
	"only_when_changed" boolean DEFAULT false NOT NULL,
	"last_result_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_rollup" (
	"customer_id" integer PRIMARY KEY NOT NULL,
	"first_order_at" timestamp with time zone NOT NULL,
	"last_order_at" timestamp with time zone NOT NULL,
	"orders" integer NOT NULL,
	"purchase_days" integer NOT NULL,
	"revenue" numeric(18, 4) NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_sales" (
	"day" date NOT NULL,
	"salesman_id" integer DEFAULT 0 NOT NULL,
	"product_id" integer NOT NULL,
	"orders" integer NOT NULL,
	"units" numeric(18, 3) NOT NULL,
	"revenue" numeric(18, 4) NOT NULL,
	CONSTRAINT "daily_sales_day_salesman_id_product_id_pk" PRIMARY KEY("day","salesman_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "product_rollup" (
	"product_id" integer PRIMARY KEY NOT NULL,
	"last_sold_at" timestamp with time zone NOT NULL,
	"orders" integer NOT NULL,
	"units" numeric(18, 3) NOT NULL,
	"revenue" numeric(18, 4) NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refresh_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"stats" jsonb
);
--> statement-breakpoint
CREATE TABLE "report_snapshots" (
	"id" serial PRIMARY KEY NOT NULL,
	"report" text NOT NULL,
	"params_key" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"data_as_of" timestamp with time zone,
	"result" jsonb NOT NULL,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_salesman_id_salesmen_id_fk" FOREIGN KEY ("salesman_id") REFERENCES "public"."salesmen"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_salesman_id_salesmen_id_fk" FOREIGN KEY ("salesman_id") REFERENCES "public"."salesmen"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_salesman_id_salesmen_id_fk" FOREIGN KEY ("salesman_id") REFERENCES "public"."salesmen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_stage_history" ADD CONSTRAINT "lead_stage_history_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_salesman_id_salesmen_id_fk" FOREIGN KEY ("salesman_id") REFERENCES "public"."salesmen"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_state" ADD CONSTRAINT "alert_state_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_state" ADD CONSTRAINT "alert_state_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cross_sell_feedback" ADD CONSTRAINT "cross_sell_feedback_salesman_id_salesmen_id_fk" FOREIGN KEY ("salesman_id") REFERENCES "public"."salesmen"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cross_sell_feedback" ADD CONSTRAINT "cross_sell_feedback_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cross_sell_feedback" ADD CONSTRAINT "cross_sell_feedback_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_users" ADD CONSTRAINT "slack_users_salesman_id_salesmen_id_fk" FOREIGN KEY ("salesman_id") REFERENCES "public"."salesmen"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_salesman_idx" ON "customers" USING btree ("salesman_id");--> statement-breakpoint
CREATE INDEX "customers_region_idx" ON "customers" USING btree ("region");--> statement-breakpoint
CREATE INDEX "salesmen_slack_user_idx" ON "salesmen" USING btree ("slack_user_id");--> statement-breakpoint
CREATE INDEX "salesmen_email_idx" ON "salesmen" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category");--> statement-breakpoint
CREATE INDEX "order_items_ordered_at_idx" ON "order_items" USING btree ("ordered_at");--> statement-breakpoint
CREATE INDEX "order_items_customer_idx" ON "order_items" USING btree ("customer_id","ordered_at");--> statement-breakpoint
CREATE INDEX "order_items_product_idx" ON "order_items" USING btree ("product_id","ordered_at");--> statement-breakpoint
CREATE INDEX "order_items_salesman_idx" ON "order_items" USING btree ("salesman_id","ordered_at");--> statement-breakpoint
CREATE INDEX "orders_salesman_idx" ON "orders" USING btree ("salesman_id","ordered_at");--> statement-breakpoint
CREATE INDEX "activities_salesman_idx" ON "activities" USING btree ("salesman_id","occurred_at");--> statement-breakpoint
CREATE INDEX "activities_customer_idx" ON "activities" USING btree ("customer_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lead_stage_history_uq" ON "lead_stage_history" USING btree ("lead_id","stage");--> statement-breakpoint
CREATE INDEX "leads_created_at_idx" ON "leads" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "leads_salesman_idx" ON "leads" USING btree ("salesman_id");--> statement-breakpoint
CREATE INDEX "leads_stage_idx" ON "leads" USING btree ("stage","stage_changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_state_subject_uq" ON "alert_state" USING btree ("alert_kind","subject_key");--> statement-breakpoint
CREATE INDEX "deliveries_subscription_idx" ON "deliveries" USING btree ("subscription_id","created_at");--> statement-breakpoint
CREATE INDEX "job_runs_name_idx" ON "job_runs" USING btree ("job_name","started_at");--> statement-breakpoint
CREATE INDEX "slack_users_salesman_idx" ON "slack_users" USING btree ("salesman_id");--> statement-breakpoint
CREATE INDEX "subscriptions_owner_idx" ON "subscriptions" USING btree ("owner_slack_user_id");--> statement-breakpoint
CREATE INDEX "daily_sales_product_idx" ON "daily_sales" USING btree ("product_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "report_snapshots_uq" ON "report_snapshots" USING btree ("report","params_key");