-- A sid is looked up through delivery_attempts only (reconciliation's "already owned" check), so
-- every sid a delivery holds must be on one of its attempts. The engine records both on every
-- answer; a delivery whose sid is on none of its attempts (none is known, but a reconciliation must
-- never claim such a sid again) keeps it on an attempt numbered 0, ended and accepted, which is
-- never a delivery's latest attempt (real attempts start at 1).
INSERT INTO `delivery_attempts` (`delivery_id`, `attempt_no`, `started_at`, `provider`, `channel`, `to_address`, `sender`, `provider_id`, `outcome`, `ended_at`)
SELECT d.`id`, 0, coalesce(d.`attempt_started_at`, d.`updated_at`), d.`provider`, d.`channel`, d.`address`, d.`sender`, d.`provider_id`, 'accepted', d.`updated_at`
FROM `deliveries` d
WHERE d.`provider_id` IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM `delivery_attempts` a WHERE a.`delivery_id` = d.`id` AND a.`provider_id` = d.`provider_id`)
  AND NOT EXISTS (SELECT 1 FROM `delivery_attempts` a WHERE a.`delivery_id` = d.`id` AND a.`attempt_no` = 0);
--> statement-breakpoint
DROP INDEX `deliveries_provider_id_idx`;
