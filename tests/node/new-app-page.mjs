// Drives the page that `bffkit new --web` scaffolds, in headless Chromium: run by
// cli/tests/new_app.rs with the URL of `vite preview`, which proxies /api to the new app.
// Prints one JSON line: what the page showed.
import { launchChromium } from './helpers/chromium.js';

const url = process.argv[2];
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(url);
  // The page greets the world on load, through the generated client.
  await page.waitForFunction(() => document.querySelector('#greeting')?.textContent !== '');
  const onLoad = await page.textContent('#greeting');
  await page.fill('#hello input[name=name]', 'Grace');
  await page.click('#hello button');
  await page.waitForFunction(() => document.querySelector('#greeting')?.textContent?.includes('Grace'));
  const greeted = await page.textContent('#greeting');
  // A sign-up that breaks the schema: the page shows the server's 400 message.
  await page.fill('#signup input[name=name]', 'Al');
  await page.fill('#signup input[name=age]', '9');
  await page.click('#signup button');
  await page.waitForFunction(() => document.querySelector('#welcome')?.textContent !== '');
  const refused = await page.textContent('#welcome');
  console.log(JSON.stringify({ onLoad, greeted, refused }));
} finally {
  await browser.close();
}
