// Runs in every test file: whatever service processes the file left running (a timed-out start, a failed
// test before its own teardown) are stopped before the next file reuses the worker's database.
import { ServiceProcess } from '@yiwang/testing';

afterAll(() => ServiceProcess.stopAll(), 30_000);
