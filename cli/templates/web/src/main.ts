// Calls the app through the generated client (src/api.ts, written by `bffkit client` or
// `bffkit dev`). Calls made in the same tick go out as one batched request.
import { BffError, getHello, postSignup } from './api';

const greeting = document.querySelector<HTMLParagraphElement>('#greeting')!;
const welcome = document.querySelector<HTMLParagraphElement>('#welcome')!;

function field(form: HTMLFormElement, name: string): string {
  return (form.elements.namedItem(name) as HTMLInputElement).value;
}

document.querySelector<HTMLFormElement>('#hello')!.addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = field(event.currentTarget as HTMLFormElement, 'name');
  const { message } = await getHello({ query: { name } });
  greeting.textContent = message;
});

document.querySelector<HTMLFormElement>('#signup')!.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  try {
    const { message } = await postSignup({
      data: { name: field(form, 'name'), age: Number(field(form, 'age')) },
    });
    welcome.textContent = message;
  } catch (error) {
    // A 400 names every field that failed its schema.
    welcome.textContent = error instanceof BffError ? error.message : String(error);
  }
});

void getHello({ query: { name: 'world' } }).then(({ message }) => {
  greeting.textContent = message;
});
