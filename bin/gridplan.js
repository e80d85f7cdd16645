#!/usr/bin/env node
// The `gridplan` command. The server is TypeScript run through tsx's loader, so a fresh
// checkout runs with no compile step.
import { register } from 'tsx/esm/api';

register();
await import('../server/src/cli.ts');
