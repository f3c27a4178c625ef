// The bare cold-start baseline: import undici, make one request, check its status.
import { request } from 'undici';

const res = await request(`${process.argv[2]}/ords/myapi/public/items`);
await res.body.dump();
process.exitCode = res.statusCode === 200 ? 0 : 1;
