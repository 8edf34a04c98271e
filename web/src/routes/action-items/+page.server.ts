import { ACTION_ITEM_STATUSES } from '@parley/protocol';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';
import { pageAction, pageLoad } from '#lib/server/http/page.ts';
import {
  listActionItemsFor,
  listActionItemsQuerySchema,
  updateActionItemFor,
} from '#lib/server/subjects/index.ts';
import { listTeamsFor } from '#lib/server/teams/index.ts';

// Every action item of the meetings one may see, in one list: "assigned to me" by default,
// open ones by due date. Done / reopen here is the meeting page's own change.

export const load: PageServerLoad = ({ locals, url }) =>
  pageLoad(async () => {
    const p = requireUser(locals.principal);
    const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
    const parsed = listActionItemsQuerySchema.safeParse({ assignee: 'me', ...raw });
    const db = getDb();
    const teams = await listTeamsFor(db, p);
    const list = parsed.success ? await listActionItemsFor(db, p, parsed.data) : null;
    const filters = parsed.success
      ? parsed.data
      : listActionItemsQuerySchema.parse({ assignee: 'me' });
    return {
      items: list?.items ?? [],
      nextOffset: list?.nextOffset ?? null,
      filterErrors: parsed.success ? {} : fieldErrors(parsed.error),
      filters: {
        assignee: filters.assignee,
        status: filters.status,
        teamId: filters.teamId ?? '',
        offset: filters.offset,
      },
      me: p.user.id,
      teams: teams.map((t) => ({ id: t.id, name: t.name })),
    };
  });

export const actions: Actions = {
  /** Marks one item done or open again (anyone who may see its meeting, as on its page). */
  status: async ({ locals, request }) => {
    const form = await request.formData();
    const values = {
      meetingId: formText(form, 'meetingId'),
      itemId: formText(form, 'itemId'),
      status: formText(form, 'status'),
    };
    return pageAction(async () => {
      const status = ACTION_ITEM_STATUSES.find((s) => s === values.status);
      if (!status) {
        return fail(422, {
          fields: { status: `status must be one of: ${ACTION_ITEM_STATUSES.join(', ')}.` },
          message: '',
          values,
        });
      }
      const db = getDb();
      const access = await authorizeMeeting(
        db,
        locals.principal,
        values.meetingId,
        'edit_action_items',
      );
      const item = await updateActionItemFor(
        db,
        access,
        requireUser(locals.principal),
        values.itemId,
        { status },
      );
      return {
        changed: { meetingId: values.meetingId, id: item.id, text: item.text, status: item.status },
      };
    }, values);
  },
};
