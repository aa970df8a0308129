ALTER TABLE "leads" ADD COLUMN "expected_close" date;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "amount" numeric(16, 4);