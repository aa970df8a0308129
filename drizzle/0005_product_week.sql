CREATE TABLE "product_week" (
	"product_id" integer NOT NULL,
	"week_start" date NOT NULL,
	"units_through_0" numeric(18, 3) NOT NULL,
	"units_through_1" numeric(18, 3) NOT NULL,
	"units_through_2" numeric(18, 3) NOT NULL,
	"units_through_3" numeric(18, 3) NOT NULL,
	"units_through_4" numeric(18, 3) NOT NULL,
	"units_through_5" numeric(18, 3) NOT NULL,
	"units_through_6" numeric(18, 3) NOT NULL,
	"revenue_through_0" numeric(18, 4) NOT NULL,
	"revenue_through_1" numeric(18, 4) NOT NULL,
	"revenue_through_2" numeric(18, 4) NOT NULL,
	"revenue_through_3" numeric(18, 4) NOT NULL,
	"revenue_through_4" numeric(18, 4) NOT NULL,
	"revenue_through_5" numeric(18, 4) NOT NULL,
	"revenue_through_6" numeric(18, 4) NOT NULL,
	CONSTRAINT "product_week_product_id_week_start_pk" PRIMARY KEY("product_id","week_start")
);
--> statement-breakpoint
CREATE INDEX "product_week_week_start_idx" ON "product_week" USING btree ("week_start");