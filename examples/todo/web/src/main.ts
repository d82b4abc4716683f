// The Todo frontend: sign in with a (fake) WeChat code, then list, add, complete and
// remove todos through the generated client, whose calls batch through the bundled client runtime (src/bffkit-client.ts).
import "./style.css";
import {
  BffError,
  configureClient,
  deleteTodosById,
  getTodos,
  patchTodosById,
  postTodos,
  type Todo,
} from "./api";

const TOKEN_KEY = "todo.token";
const USER_KEY = "todo.user";

const $ = <T extends HTMLElement>(selector: string): T => {
  const element = document.querySelector<T>(selector);
  if (!element) throw new Error(`missing ${selector}`);
  return element;
};

let token = localStorage.getItem(TOKEN_KEY);
const client = configureClient({
  headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}),
});

type Session = { token: string };

function showError(error: unknown): void {
  const box = $("#error");
  if (error instanceof BffError && error.status === 401) signOut();
  box.textContent = error instanceof Error ? error.message : String(error);
  box.hidden = false;
}

function clearError(): void {
  $("#error").hidden = true;
}

function render(todos: Todo[]): void {
  const list = $("#list");
  list.replaceChildren(
    ...todos.map((todo) => {
      const item = document.createElement("li");
      item.dataset.id = String(todo.id);
      item.classList.toggle("done", todo.done);
      const done = document.createElement("input");
      done.type = "checkbox";
      done.className = "toggle";
      done.checked = todo.done;
      done.setAttribute("aria-label", `done: ${todo.content}`);
      done.addEventListener("change", () => act(() => patchTodosById(todo.id, { data: { done: done.checked } })));
      const content = document.createElement("span");
      content.className = "content";
      content.textContent = todo.content;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "remove";
      remove.textContent = "Remove";
      remove.addEventListener("click", () => act(() => deleteTodosById(todo.id)));
      item.append(done, content, remove);
      return item;
    }),
  );
  $("#empty").hidden = todos.length > 0;
  document.body.dataset.count = String(todos.length);
}

async function refresh(): Promise<void> {
  render(await getTodos());
}

/** Runs a change, then reloads the list; the page shows any error. */
async function act(change: () => Promise<unknown>): Promise<void> {
  document.body.dataset.busy = "true";
  try {
    clearError();
    await change();
    await refresh();
  } catch (error) {
    showError(error);
  } finally {
    document.body.dataset.busy = "false";
  }
}

function showSignedIn(user: string): void {
  $("#sign-in").hidden = true;
  $("#todos").hidden = false;
  $("#user").textContent = user;
}

function signOut(): void {
  token = null;
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
  $("#sign-in").hidden = false;
  $("#todos").hidden = true;
}

$("#sign-in").addEventListener("submit", (event) => {
  event.preventDefault();
  const code = $<HTMLInputElement>("#code").value.trim();
  void act(async () => {
    // The sign-in route comes from `App::auth`, not from a lambda, so it is not in the
    // generated client: call it through the same runtime.
    const session = await client.call<Session>(
      { method: "POST", path: "/api/auth/wechat/login", data: { code } },
      { batch: false },
    );
    token = session.token;
    localStorage.setItem(TOKEN_KEY, session.token);
    localStorage.setItem(USER_KEY, code);
    showSignedIn(code);
  });
});

$("#add").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $<HTMLInputElement>("#content");
  const content = input.value.trim();
  if (!content) return;
  void act(async () => {
    await postTodos({ data: { content } });
    input.value = "";
  });
});

$("#sign-out").addEventListener("click", signOut);

if (token) {
  showSignedIn(localStorage.getItem(USER_KEY) ?? "");
  void act(async () => {});
}
document.body.dataset.ready = "true";
