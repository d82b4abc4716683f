// Which Todo server the mini-program calls. WeChat allows only HTTPS domains on the
// mini-program's allow-list (Mini Program admin > Development > Server domains); in
// WeChat DevTools, "Do not verify request domains" (`urlCheck: false` in
// project.config.json) lets the develop version call a local server over plain HTTP.

/** Per version of the mini-program: DevTools and previews, trial, release. */
const SERVERS: Record<WechatMiniprogram.MiniProgram['envVersion'], string> = {
  develop: 'http://127.0.0.1:8080',
  trial: 'https://todo-staging.example.com',
  release: 'https://todo.example.com',
};

/**
 * Storage key of a developer override: in DevTools' console,
 * `wx.setStorageSync('todo.server', 'https://192.168.1.20:8443')` points the develop
 * version at another machine (a phone preview cannot reach 127.0.0.1).
 */
export const SERVER_OVERRIDE_KEY = 'todo.server';

export function serverUrl(): string {
  const { envVersion } = wx.getAccountInfoSync().miniProgram;
  const override: unknown = envVersion === 'develop' ? wx.getStorageSync(SERVER_OVERRIDE_KEY) : '';
  return typeof override === 'string' && override !== '' ? override : SERVERS[envVersion];
}
