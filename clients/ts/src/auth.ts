import { BffError, clientError } from './error.js';
import { parseBody, settle } from './response.js';
import type { Sender } from './sender.js';
import type { AuthRoutes, SignedIn } from './types.js';

/**
 * The bearer session of a mini-program: `signIn()` trades the platform's sign-in code for
 * a session token, kept in the platform's storage and sent on every request; a 401 is
 * answered by one refresh through the refresh route. (Mini-programs have no cookie jar.)
 */
export class Auth {
  private readonly key: string;
  /** One refresh at a time: concurrent 401s wait for the same one. */
  private refreshing?: Promise<boolean>;

  constructor(
    private readonly sender: Sender,
    private readonly routes: AuthRoutes,
  ) {
    this.key = routes.storageKey || 'bffkit.session';
  }

  token(): string | undefined {
    return this.sender.transport.storage?.get(this.key) || undefined;
  }

  async signIn(): Promise<SignedIn> {
    const { transport } = this.sender;
    if (!transport.login || !transport.storage) {
      throw clientError(`${transport.platform}: signIn() needs a mini-program platform (wx.login or my.getAuthCode)`);
    }
    if (!this.routes.login) throw clientError('signIn(): the API has no sign-in route for this platform');
    const body = await transport.login();
    // A previous session is not sent along: the sign-in starts a new one.
    this.forget();
    const session = (await this.post(this.routes.login, body)) as SignedIn;
    if (!session || typeof session.token !== 'string') {
      throw new BffError(200, 0, 'the sign-in route answered without a token (cookie sessions are for browsers)', session);
    }
    this.keep(session.token);
    return session;
  }

  async signOut(): Promise<void> {
    const token = this.token();
    if (token === undefined) return;
    try {
      if (this.routes.logout) await this.post(this.routes.logout);
    } catch (err) {
      // Already expired or revoked on the server: forgotten here all the same.
      if (!(err instanceof BffError && err.status === 401)) throw err;
    } finally {
      this.forget();
    }
  }

  /**
   * After a 401 to a request that carried `sentToken`: `true` when a newer token is there
   * to retry with (this refresh's, or one another call got meanwhile).
   */
  refreshAfter401(sentToken: string | undefined): Promise<boolean> {
    if (sentToken === undefined || !this.routes.refresh) return Promise.resolve(false);
    if (this.token() !== sentToken) return Promise.resolve(this.token() !== undefined);
    if (!this.refreshing) {
      const done = () => (this.refreshing = undefined);
      this.refreshing = this.refresh().then(
        (ok) => (done(), ok),
        (err) => {
          done();
          throw err;
        },
      );
    }
    return this.refreshing;
  }

  private async refresh(): Promise<boolean> {
    try {
      const session = (await this.post(this.routes.refresh!)) as SignedIn;
      if (!session || typeof session.token !== 'string') return false;
      this.keep(session.token);
      return true;
    } catch (err) {
      // The session is gone on the server: forget it, and the caller's 401 stands.
      if (err instanceof BffError && err.status === 401) {
        this.forget();
        return false;
      }
      throw err;
    }
  }

  private async post(path: string, data?: unknown): Promise<unknown> {
    const res = await this.sender.send({
      url: this.sender.config.baseUrl + path,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(data === undefined ? {} : data),
    });
    return settle(res.status, res.statusText, parseBody(res), this.sender.config.envelope);
  }

  private keep(token: string): void {
    this.sender.transport.storage!.set(this.key, token);
  }

  private forget(): void {
    this.sender.transport.storage?.remove(this.key);
  }
}
