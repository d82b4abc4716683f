// The mini-program: its pages call the app through the generated client (api.ts, written
// by `bffkit client` from bffkit.client.json), whose runtime calls wx.request.
import { configureClient } from './api';
import { serverUrl } from './config';

App({
  onLaunch() {
    configureClient({ baseUrl: serverUrl() });
  },
});
