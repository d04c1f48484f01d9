ALTER TYPE "public"."change_status" ADD VALUE 'sending';--> statement-breakpoint
ALTER TYPE "public"."change_status" ADD VALUE 'failed';--> statement-breakpoint
ALTER TYPE "public"."decision_kind" ADD VALUE 'approve_field';--> statement-breakpoint
ALTER TYPE "public"."decision_kind" ADD VALUE 'reject_field';--> statement-breakpoint
ALTER TYPE "public"."decision_kind" ADD VALUE 'rollback';--> statement-breakpoint
ALTER TYPE "public"."decision_kind" ADD VALUE 'force';--> statement-breakpoint
ALTER TYPE "public"."proposal_status" ADD VALUE 'partially_applied';--> statement-breakpoint
CREATE TABLE "connector_configs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store" text NOT NULL,
	"kind" text DEFAULT 'builtin' NOT NULL,
	"base_url" text,
	"auth_header" text,
	"field_mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"timeout_ms" integer DEFAULT 5000 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connector_configs_store_unique" UNIQUE("store")
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"filters" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_views_userId_name_unique" UNIQUE("user_id","name")
);
--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "escalated_by" uuid;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "escalation_reason" text;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "assigned_to" uuid;--> statement-breakpoint
ALTER TABLE "proposed_changes" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "proposed_changes" ADD COLUMN "decision_reason" text;--> statement-breakpoint
ALTER TABLE "proposed_changes" ADD COLUMN "forced" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "proposed_changes" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "applied_changes" ADD COLUMN "rolled_back_by_proposal_id" uuid;--> statement-breakpoint
ALTER TABLE "applied_changes" ADD COLUMN "rolled_back_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "store" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_escalated_by_users_id_fk" FOREIGN KEY ("escalated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposed_changes" ADD CONSTRAINT "proposed_changes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applied_changes" ADD CONSTRAINT "applied_changes_rolled_back_by_proposal_id_proposals_id_fk" FOREIGN KEY ("rolled_back_by_proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;