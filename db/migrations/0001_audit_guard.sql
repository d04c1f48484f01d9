-- The audit trail is append-only and hash-chained (DESIGN.md invariants).
-- Each row's hash covers the previous row's hash and the row's own content, so editing or deleting
-- a row (by someone who got around the guard below) breaks the chain and `verifyAuditChain` says where.
CREATE OR REPLACE FUNCTION audit_event_digest(e audit_events) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    e.prev_hash,
    e.id::text,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_type,
    coalesce(e.actor_id, ''),
    e.actor_label,
    e.action,
    e.entity_type,
    e.entity_id,
    coalesce(e.contact_id::text, ''),
    coalesce(e.proposal_id::text, ''),
    coalesce(e.message_id::text, ''),
    coalesce(e.policy_version::text, ''),
    e.data::text
  ), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Serialise appends so the chain has one order; the lock is held until the transaction ends.
  -- The id is taken after the lock so that id order is chain order.
  PERFORM pg_advisory_xact_lock(727100);
  NEW.id := nextval(pg_get_serial_sequence('audit_events', 'id'));
  NEW.occurred_at := clock_timestamp();
  NEW.prev_hash := coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), '');
  NEW.hash := audit_event_digest(NEW);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;
