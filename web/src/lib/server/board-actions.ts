/** Admin forms for boards: create one (on the board list) and edit, archive or restore one (settings). */
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { runtime } from './runtime.ts';
import { actionOrFail, failed, formList, formValues } from './kit-errors.ts';
import { setFlash } from './flash.ts';

type Event = RequestEvent;

export const createBoardAction = async ({ request, locals, cookies }: Event) => {
  const data = await request.formData();
  const values = formValues(data, ['slug', 'name', 'description']);
  const kinds = formList(data, 'kinds');
  const result = await actionOrFail(
    () => runtime().services.boards.create(locals.actor, { ...values, slug: values.slug?.trim(), kinds }),
    { ...values, kinds: kinds.join(',') },
    'createBoard',
  );
  if (failed(result)) return result;
  setFlash(cookies, `The ${result.name} board is open.`);
  redirect(303, `/b/${result.slug}`);
};

/** Update replaces every field, so each form sends what it changes and the rest is read back first. */
async function updateBoard(event: Event, change: (data: FormData) => Record<string, unknown>, scope: string) {
  const { request, locals, params } = event;
  const slug = params.slug ?? '';
  const data = await request.formData();
  const { services } = runtime();
  const values = {
    ...formValues(data, ['name', 'description', 'votersVisible', 'holdFirstPosts']),
    kinds: formList(data, 'kinds').join(','),
  };
  return actionOrFail(
    async () => {
      const { name, description, kinds, archived } = await services.boards.get(locals.actor, slug);
      return services.boards.update(locals.actor, slug, {
        name,
        description,
        kinds,
        archived,
        ...change(data),
      });
    },
    values,
    scope,
  );
}

export const boardSettingsActions = {
  update: async (event: Event) => {
    const result = await updateBoard(
      event,
      (data) => ({
        name: String(data.get('name') ?? ''),
        description: String(data.get('description') ?? ''),
        kinds: formList(data, 'kinds'),
        votersVisible: data.get('votersVisible') === 'on',
        holdFirstPosts: data.get('holdFirstPosts') === 'on',
      }),
      'update',
    );
    if (failed(result)) return result;
    setFlash(event.cookies, 'Board settings saved.');
    redirect(303, `/b/${result.slug}/settings`);
  },
  access: async (event: Event) => {
    const result = await updateBoard(
      event,
      (data) => ({
        private: data.get('private') === 'on',
        allowedDomains: String(data.get('allowedDomains') ?? '')
          .split(/[\s,]+/)
          .filter(Boolean),
      }),
      'access',
    );
    if (failed(result)) return result;
    setFlash(
      event.cookies,
      result.private ? `${result.name} is private.` : `${result.name} is public: everyone can read it.`,
    );
    redirect(303, `/b/${result.slug}/settings`);
  },
  archive: async (event: Event) => {
    const result = await updateBoard(
      event,
      (data) => ({ archived: data.get('archived') === 'true' }),
      'archive',
    );
    if (failed(result)) return result;
    setFlash(
      event.cookies,
      result.archived
        ? `${result.name} is archived: it stays readable and takes no new posts.`
        : `${result.name} is restored and takes new posts again.`,
    );
    redirect(303, `/b/${result.slug}/settings`);
  },
};
