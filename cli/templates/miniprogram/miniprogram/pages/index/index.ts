// Calls the app through the generated client (../../api.ts). Calls made in the same tick
// go out as one batched request; a failed call is a BffError with the server's status,
// code and message.
import { BffError, getHello, postSignup } from '../../api';

function describe(error: unknown): string {
  return error instanceof BffError ? `${error.message} (HTTP ${error.status})` : String(error);
}

Page({
  data: {
    greeting: '',
    name: '',
    age: '',
    welcome: '',
  },

  onLoad() {
    return this.greet('world');
  },

  onName(event: WechatMiniprogram.Input) {
    this.setData({ name: event.detail.value });
  },

  onAge(event: WechatMiniprogram.Input) {
    this.setData({ age: event.detail.value });
  },

  onGreet() {
    return this.greet(this.data.name);
  },

  async greet(name: string) {
    try {
      const { message } = await getHello({ query: { name } });
      this.setData({ greeting: message });
    } catch (error) {
      this.setData({ greeting: describe(error) });
    }
  },

  async onSignup() {
    try {
      const { message } = await postSignup({ data: { name: this.data.name, age: Number(this.data.age) } });
      this.setData({ welcome: message });
    } catch (error) {
      // A 400 names every field that failed its schema.
      this.setData({ welcome: describe(error) });
    }
  },
});
