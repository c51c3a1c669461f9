import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance` for forms that write text (a comment, a reply, an edit). Their actions redirect back to
 * the same page, and SvelteKit leaves a form as it was on a redirect: the posted text would stay in the
 * box, inviting a second post. Once the action succeeds, the form's text boxes empty (unless `clear` is
 * false: an edit box then shows the saved text) and the disclosure around it closes, as they do when
 * the page is rendered afresh without JavaScript. A failure keeps what was typed.
 */
export function settleOnSuccess({ clear = true }: { clear?: boolean } = {}): SubmitFunction {
  return ({ formElement }) =>
    async ({ result, update }) => {
      if (result.type === 'redirect' || result.type === 'success') {
        if (clear) for (const box of formElement.querySelectorAll('textarea')) box.value = '';
        formElement.closest('details')?.removeAttribute('open');
      }
      await update();
    };
}
