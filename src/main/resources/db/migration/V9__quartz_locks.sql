-- Rows of Quartz's lock table, present before any instance starts. TRIGGER_ACCESS and STATE_ACCESS are the rows
-- Quartz's clustered job store locks (left to Quartz, instances starting together on a new database race to insert
-- them); WRITEBACK_START is the app's own: an instance holds it while its routes start (io.writeback.StartupLock).
-- 'writeback' is spring.quartz.properties.org.quartz.scheduler.instanceName.
INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME)
SELECT 'writeback', 'TRIGGER_ACCESS' WHERE NOT EXISTS
    (SELECT 1 FROM QRTZ_LOCKS WHERE SCHED_NAME = 'writeback' AND LOCK_NAME = 'TRIGGER_ACCESS');
INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME)
SELECT 'writeback', 'STATE_ACCESS' WHERE NOT EXISTS
    (SELECT 1 FROM QRTZ_LOCKS WHERE SCHED_NAME = 'writeback' AND LOCK_NAME = 'STATE_ACCESS');
INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME)
SELECT 'writeback', 'WRITEBACK_START' WHERE NOT EXISTS
    (SELECT 1 FROM QRTZ_LOCKS WHERE SCHED_NAME = 'writeback' AND LOCK_NAME = 'WRITEBACK_START');
