import { main } from '../src/toolchain/index.js';

await main('prune');
