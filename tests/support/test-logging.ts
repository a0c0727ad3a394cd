import { configureLogging, loadLoggingConfig } from '@registry/lib/entry';

// A test process's logging, set as a process's entry sets it: quiet under NODE_ENV=test unless
// LOG_LEVEL asks for lines (the logger itself reads no environment).
configureLogging(loadLoggingConfig(process.env));
