import { main } from '../src/toolchain/cli.js';

await main('prune');
