-- The rows Quartz's clustered job store locks (SELECT … FOR UPDATE) to serialise its instances, present before any
-- instance starts: left to Quartz, instances starting together on a new database would race to insert them.
-- 'writeback' is spring.quartz.properties.org.quartz.scheduler.instanceName.
INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME)
SELECT 'writeback', 'TRIGGER_ACCESS' WHERE NOT EXISTS
    (SELECT 1 FROM QRTZ_LOCKS WHERE SCHED_NAME = 'writeback' AND LOCK_NAME = 'TRIGGER_ACCESS');
INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME)
SELECT 'writeback', 'STATE_ACCESS' WHERE NOT EXISTS
    (SELECT 1 FROM QRTZ_LOCKS WHERE SCHED_NAME = 'writeback' AND LOCK_NAME = 'STATE_ACCESS');
