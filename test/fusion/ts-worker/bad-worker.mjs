// Test-only worker that dies on its first job (a crashed worker thread).
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => process.exit(3));
