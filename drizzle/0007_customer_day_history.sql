CREATE TABLE "customer_day_history" (
	"customer_id" integer NOT NULL,
	"day" date NOT NULL,
	"previous_day" date,
	"orders_before" integer NOT NULL,
	"orders" integer NOT NULL,
	"revenue" numeric(18, 4) NOT NULL,
	CONSTRAINT "customer_day_history_customer_id_day_pk" PRIMARY KEY("customer_id","day")
);
--> statement-breakpoint
CREATE TABLE "customer_history_month" (
	"month" date NOT NULL,
	"kind" smallint NOT NULL,
	"value" integer NOT NULL,
	"customers" integer NOT NULL,
	CONSTRAINT "customer_history_month_month_kind_value_pk" PRIMARY KEY("month","kind","value")
);
--> statement-breakpoint
CREATE INDEX "customer_day_history_day_idx" ON "customer_day_history" USING btree ("day");