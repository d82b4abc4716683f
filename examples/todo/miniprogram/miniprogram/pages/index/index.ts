// The Todo page: sign in with WeChat, then list, add, complete and remove todos through
// the generated client. Completing is `PATCH /api/todos/{id}`, which wx.request cannot
// send: the client carries it inside the batch endpoint's POST, typed all the same.
import {
  BffError,
  deleteTodosById,
  getTodos,
  isPostTodosError,
  patchTodosById,
  postTodos,
  signIn,
  signOut,
  type Todo,
} from '../../api';

/** `data-id` and `data-done` of a todo's controls. */
interface TodoDataset {
  id: number;
  done?: boolean;
}

type TodoEvent = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, TodoDataset>;

/** What the user reads for a failed call: the server's message, with its status and code. */
function describe(error: unknown): string {
  if (error instanceof BffError) {
    if (error.status === 0) return `Cannot reach the Todo server: ${error.message}`;
    return `${error.message} (HTTP ${error.status}, code ${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

Page({
  data: {
    signedIn: false,
    busy: false,
    todos: [] as Todo[],
    draft: '',
    error: '',
  },

  /** A session kept from last time is tried first: no sign-in tap when it still works. */
  onLoad() {
    return this.run(async () => {
      try {
        await this.refresh();
        this.setData({ signedIn: true });
      } catch (error) {
        // No session yet, or an expired one the refresh route could not renew.
        if (!(error instanceof BffError && error.status === 401)) throw error;
      }
    });
  },

  onSignIn() {
    return this.run(async () => {
      await signIn();
      this.setData({ signedIn: true });
      await this.refresh();
    });
  },

  onDraft(event: WechatMiniprogram.Input) {
    this.setData({ draft: event.detail.value });
  },

  onAdd() {
    const content = this.data.draft.trim();
    if (content === '') return Promise.resolve();
    return this.run(async () => {
      try {
        await postTodos({ data: { content } });
      } catch (error) {
        // The server checks the content (not blank, at most 500 characters): a 400
        // names the field, and the draft stays for the user to fix.
        if (isPostTodosError(error) && error.status === 400) {
          throw new Error(`Not added: ${describe(error)}`);
        }
        throw error;
      }
      this.setData({ draft: '' });
      await this.refresh();
    });
  },

  onToggle(event: TodoEvent) {
    const { id, done } = event.currentTarget.dataset;
    return this.run(async () => {
      await patchTodosById(Number(id), { data: { done: !done } });
      await this.refresh();
    });
  },

  onRemove(event: TodoEvent) {
    const { id } = event.currentTarget.dataset;
    return this.run(async () => {
      await deleteTodosById(Number(id));
      await this.refresh();
    });
  },

  onSignOut() {
    return this.run(async () => {
      await signOut();
      this.setData({ signedIn: false, todos: [] });
    });
  },

  onPullDownRefresh() {
    return this.run(() => this.refresh()).then(() => wx.stopPullDownRefresh());
  },

  async refresh() {
    this.setData({ todos: await getTodos() });
  },

  /** Runs a user action: busy while it runs, its failure shown on the page. */
  async run(action: () => Promise<void>) {
    this.setData({ busy: true, error: '' });
    try {
      await action();
    } catch (error) {
      if (error instanceof BffError && error.status === 401) this.setData({ signedIn: false });
      this.setData({ error: describe(error) });
    } finally {
      this.setData({ busy: false });
    }
  },
});
