CREATE TABLE "basket_block_counts" (
	"block_start" date NOT NULL,
	"region" text NOT NULL,
	"item_a" integer NOT NULL,
	"items" integer[] NOT NULL,
	"baskets" integer[] NOT NULL,
	CONSTRAINT "basket_block_counts_block_start_region_item_a_pk" PRIMARY KEY("block_start","region","item_a")
);
--> statement-breakpoint
CREATE TABLE "basket_month_counts" (
	"month" date NOT NULL,
	"region" text NOT NULL,
	"item_a" integer NOT NULL,
	"items" integer[] NOT NULL,
	"baskets" integer[] NOT NULL,
	CONSTRAINT "basket_month_counts_month_region_item_a_pk" PRIMARY KEY("month","region","item_a")
);
--> statement-breakpoint
CREATE TABLE "customer_day" (
	"customer_id" integer NOT NULL,
	"day" date NOT NULL,
	"salesman_id" integer DEFAULT 0 NOT NULL,
	"orders" integer NOT NULL,
	"revenue" numeric(18, 4) NOT NULL,
	"first_order_at" timestamp with time zone NOT NULL,
	"last_order_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_day_customer_id_day_salesman_id_pk" PRIMARY KEY("customer_id","day","salesman_id")
);
--> statement-breakpoint
CREATE TABLE "customer_product" (
	"customer_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"first_day" date NOT NULL,
	CONSTRAINT "customer_product_customer_id_product_id_pk" PRIMARY KEY("customer_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "hourly_sales" (
	"day" date NOT NULL,
	"hour" smallint NOT NULL,
	"salesman_id" integer DEFAULT 0 NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"orders" integer NOT NULL,
	"revenue" numeric(18, 4) NOT NULL,
	CONSTRAINT "hourly_sales_day_hour_salesman_id_region_pk" PRIMARY KEY("day","hour","salesman_id","region")
);
--> statement-breakpoint
CREATE TABLE "product_day" (
	"day" date NOT NULL,
	"product_id" integer NOT NULL,
	"units" numeric(18, 3) NOT NULL,
	"revenue" numeric(18, 4) NOT NULL,
	CONSTRAINT "product_day_day_product_id_pk" PRIMARY KEY("day","product_id")
);
--> statement-breakpoint
ALTER TABLE "customer_rollup" ADD COLUMN "buying_first_day" date;--> statement-breakpoint
ALTER TABLE "customer_rollup" ADD COLUMN "buying_last_day" date;--> statement-breakpoint
ALTER TABLE "customer_rollup" ADD COLUMN "buying_days" integer;--> statement-breakpoint
ALTER TABLE "customer_rollup" ADD COLUMN "buying_orders" integer;--> statement-breakpoint
ALTER TABLE "customer_rollup" ADD COLUMN "repeat_revenue" numeric(18, 4);--> statement-breakpoint
ALTER TABLE "customer_rollup" ADD COLUMN "gap_p50_days" double precision;--> statement-breakpoint
ALTER TABLE "customer_rollup" ADD COLUMN "gap_p90_days" double precision;--> statement-breakpoint
ALTER TABLE "daily_sales" ADD COLUMN "region" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "customer_day_day_idx" ON "customer_day" USING btree ("day");--> statement-breakpoint
CREATE INDEX "customer_product_first_day_idx" ON "customer_product" USING btree ("first_day");--> statement-breakpoint
CREATE INDEX "customer_rollup_last_order_idx" ON "customer_rollup" USING btree ("last_order_at");--> statement-breakpoint
CREATE INDEX "daily_sales_salesman_idx" ON "daily_sales" USING btree ("salesman_id","product_id","day");