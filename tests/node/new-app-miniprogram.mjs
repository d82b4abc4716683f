// Runs the mini-program that `bffkit new --miniprogram` scaffolds, as a mini-program runs:
// in a context with only the ECMAScript built-ins, timers, `console`, `App`/`Page` and a
// `wx` backed by real HTTP. Run by cli/tests/new_app.rs with the project's source folder
// and the new app's URL. Prints one JSON line: what the page showed.
import { fakeWechat } from './helpers/miniprogram.js';
import { input, launchMiniProgram, tap } from './helpers/miniprogram-page.js';

const [dir, server] = process.argv.slice(2);
const fake = fakeWechat();
fake.platform.getAccountInfoSync = () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } });
// The develop version's override of its server, as a developer sets it in DevTools.
fake.storage.set('app.server', server);
const miniProgram = await launchMiniProgram(dir, { wx: fake.platform });
const page = await miniProgram.open('pages/index/index');
// The page greets the world on load, through the generated client.
const onLoad = page.data.greeting;
page.onName(input('Grace'));
await page.onGreet(tap());
const greeted = page.data.greeting;
// A sign-up that breaks the schema: the page shows the server's 400 message.
page.onName(input('Al'));
page.onAge(input('9'));
await page.onSignup(tap());
const refused = page.data.welcome;
console.log(JSON.stringify({ onLoad, greeted, refused, requests: fake.log.length }));
