import { SUBJECT_KINDS } from '@parley/protocol';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authorizeSubject, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';
import { pageAction, pageLoad } from '#lib/server/http/page.ts';
import {
  listSubjectsFor,
  mergeSubjectFor,
  mergeSubjectSchema,
  subjectView,
  updateSubjectFor,
  updateSubjectSchema,
} from '#lib/server/subjects/index.ts';

export const load: PageServerLoad = ({ locals, params }) =>
  pageLoad(async () => {
    const db = getDb();
    const p = requireUser(locals.principal);
    const access = await authorizeSubject(db, p, params.id, 'read');
    const view = await subjectView(db, access);
    const canUpdate = access.actions.includes('update');
    // Subjects this one may be merged into: the same scope, administered by the caller.
    const others = canUpdate
      ? (
          await listSubjectsFor(db, p, {
            teamId: access.subject.team_id ?? 'personal',
            limit: 200,
          })
        ).filter((s) => s.id !== access.subject.id)
      : [];
    return { ...view, canUpdate, others, kinds: SUBJECT_KINDS };
  });

export const actions: Actions = {
  rename: async ({ locals, params, request }) => {
    const form = await request.formData();
    const values = { name: formText(form, 'name'), kind: formText(form, 'kind') };
    return pageAction(async () => {
      const db = getDb();
      const access = await authorizeSubject(db, locals.principal, params.id, 'update');
      const parsed = updateSubjectSchema.safeParse({
        name: values.name,
        kind: values.kind || null,
      });
      if (!parsed.success)
        return fail(422, { fields: fieldErrors(parsed.error), message: '', values });
      await updateSubjectFor(db, access, parsed.data);
      return { saved: true };
    }, values);
  },
  merge: async ({ locals, params, request }) => {
    const form = await request.formData();
    const values = { into: formText(form, 'into') };
    const merged = await pageAction(async () => {
      const db = getDb();
      const p = requireUser(locals.principal);
      const access = await authorizeSubject(db, p, params.id, 'update');
      const parsed = mergeSubjectSchema.safeParse(values);
      if (!parsed.success)
        return fail(422, { fields: fieldErrors(parsed.error), message: '', values });
      return mergeSubjectFor(db, p, access, parsed.data.into);
    }, values);
    if (merged && 'subject' in merged) redirect(303, `/subjects/${merged.subject.id}`);
    return merged;
  },
};
