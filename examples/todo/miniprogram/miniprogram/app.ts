// The Todo mini-program: one page on the generated client (api.ts), whose runtime
// (bffkit-client.ts) calls wx.request and keeps the session in wx storage.
import { configureClient } from './api';
import { serverUrl } from './config';

App({
  onLaunch() {
    configureClient({ baseUrl: serverUrl() });
  },
});
