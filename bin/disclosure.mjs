#!/usr/bin/env node
// The `disclosure` command. The sources are TypeScript; tsx compiles them on load so that `npx disclosure`
// works straight after `npm ci`, with no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../pipelines/cli.ts');
process.exitCode = await main(process.argv.slice(2));
