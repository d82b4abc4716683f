// The Todo frontend: sign in with a (fake) WeChat code, then list, add, complete and
// remove todos through the generated client, whose calls batch through the bundled client
// runtime (src/bffkit-client.ts).
//
// The session lives in the app's HttpOnly cookie (`[auth.cookie]`): this script never
// sees it and keeps nothing in localStorage, so an injected script has nothing to steal.
import "./style.css";
import {
  BffError,
  deleteTodosById,
  getTodos,
  logout,
  patchTodosById,
  postTodos,
  type Todo,
  wechatLogin,
} from "./api";

const $ = <T extends HTMLElement>(selector: string): T => {
  const element = document.querySelector<T>(selector);
  if (!element) throw new Error(`missing ${selector}`);
  return element;
};


function showError(error: unknown): void {
  const box = $("#error");
  if (error instanceof BffError && error.status === 401) showSignedOut();
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

function showSignedOut(): void {
  $("#sign-in").hidden = false;
  $("#todos").hidden = true;
}

$("#sign-in").addEventListener("submit", (event) => {
  event.preventDefault();
  const code = $<HTMLInputElement>("#code").value.trim();
  void act(async () => {
    // Same-origin: the answer sets the session cookie; its body holds only the expiries.
    await wechatLogin({ data: { code } });
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

$("#sign-out").addEventListener("click", () => {
  clearError();
  // The answer clears the cookie; there is nothing to forget on this side.
  logout().then(showSignedOut, showError);
});

/** On load: a valid cookie means signed in (its owner is not known to this script). */
async function resume(): Promise<void> {
  document.body.dataset.busy = "true";
  try {
    render(await getTodos());
    showSignedIn("this browser's session");
  } catch (error) {
    if (!(error instanceof BffError && error.status === 401)) showError(error);
  } finally {
    document.body.dataset.busy = "false";
    document.body.dataset.ready = "true";
  }
}

void resume();
