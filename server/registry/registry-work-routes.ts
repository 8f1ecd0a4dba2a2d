import { z } from 'zod';
import { conflict } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { OutcomeSource } from './outcome-source';
import { episodeSchema } from './registry-episode';
import type { RegistryList } from './registry-list';
import { registryRowSchema } from './registry-schemas';
import {
  contactBodySchema,
  contactSchema,
  decisionBodySchema,
  nextContactBodySchema,
  reviewBodySchema,
  reviewSchema,
} from './registry-work';
import { contactsOf, reviewsOf, tasksOf } from './registry-work-repository';
import type { RegistryWork } from './registry-work-service';

const created = {
  201: { description: 'Recorded', schema: z.object({ id: z.uuid() }) },
};

/** Contacts, case reviews, the PCP's tasks and a patient's registry page. */
export function registryWorkRoutes(deps: {
  work: RegistryWork;
  list: RegistryList;
  outcomes: OutcomeSource;
  db: Parameters<typeof contactsOf>[0];
  now: () => Date;
}): RouteDefinition[] {
  const { work } = deps;
  return [
    route({
      method: 'get',
      path: '/api/registry/patients/:patientId',
      tag: 'registry',
      summary:
        "A patient's registry page: the row, every PHQ-9/GAD-7 total (the trend), contacts, reviews (accepted medication and dose changes are the treatment changes), and the month's minutes against the threshold.",
      access: {
        roles: ['pcp', 'psychiatrist', 'care_manager', 'coordinator'],
      },
      responses: {
        200: {
          description: 'The page',
          schema: z.object({
            episode: episodeSchema,
            row: registryRowSchema.nullable(),
            scores: z.array(
              z.object({
                instrument: z.string(),
                total: z.number(),
                at: z.string(),
              }),
            ),
            contacts: z.array(contactSchema),
            reviews: z.array(reviewSchema),
          }),
        },
      },
      handler: async (ctx) => {
        const episode = await ctx.care.registry.episode(
          ctx.params.patientId!,
          'registry.patient_read',
        );
        const [{ rows }, scores, contacts, reviews] = await Promise.all([
          deps.list.rows({
            programId: episode.programId,
            memberId: null,
            patientId: episode.patientId,
          }),
          deps.outcomes.scores([episode.patientId]),
          contactsOf(deps.db, episode.enrollmentId),
          reviewsOf(deps.db, episode.enrollmentId),
        ]);
        return {
          episode,
          row: rows[0] ?? null,
          scores: (scores.get(episode.patientId) ?? []).map((s) => ({
            ...s,
            at: new Date(s.at).toISOString(),
          })),
          contacts,
          reviews,
        };
      },
    }),
    route({
      method: 'post',
      path: '/api/registry/patients/:patientId/contacts',
      tag: 'registry',
      summary:
        'Log a care-manager contact (phone, video, in person, message; minutes or start/end; outcome; next contact date). Writes the care-management ledger row the billing engine codes the month from: the minutes are entered once.',
      access: { roles: ['care_manager'] },
      body: contactBodySchema,
      responses: created,
      handler: async (ctx) => {
        const e = await ctx.care.registry.episodeToChange(
          ctx.params.patientId!,
          'registry.contact',
        );
        if (e.endedOn) throw conflictEnded();
        return Reply.created({
          // Only a call's contact can be refused as a repeat (null).
          id: (await work.logContact(ctx.care.actor, e, ctx.body))!,
        });
      },
    }),
    route({
      method: 'put',
      path: '/api/registry/contacts/:contactId/next-contact',
      tag: 'registry',
      summary:
        "Set or change a contact's next contact date (a video contact's call writes the contact without one). Only the care manager on the patient's team; a date before the program's today is refused. The registry row's next contact follows when this is the patient's latest contact.",
      access: { roles: ['care_manager'] },
      body: nextContactBodySchema,
      responses: {
        200: {
          description: 'Set',
          schema: z.object({ id: z.uuid(), nextContactOn: z.iso.date() }),
        },
      },
      handler: async (ctx) => {
        const c = await ctx.care.registry.contactToChange(
          ctx.params.contactId!,
          'registry.contact_next_date',
        );
        return work.setNextContact(ctx.care.actor, c, ctx.body.nextContactOn);
      },
    }),
    route({
      method: 'post',
      path: '/api/registry/patients/:patientId/reviews',
      tag: 'registry',
      summary:
        "The psychiatric consultant's case review of a patient: a recommendation (medication change, dose, diagnosis question, refer, continue) that becomes the treating PCP's task; the review time is logged as the consultant's time.",
      access: { roles: ['psychiatrist'] },
      body: reviewBodySchema,
      responses: created,
      handler: async (ctx) => {
        const e = await ctx.care.registry.episodeToChange(
          ctx.params.patientId!,
          'registry.review',
        );
        if (e.endedOn) throw conflictEnded();
        return Reply.created({
          id: await work.recordReview(ctx.care.actor, e, ctx.body),
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/registry/tasks',
      tag: 'registry',
      summary:
        "The PCP's task list: the consultant's recommendations for their patients, pending first, then the last 30 days' decisions.",
      access: { roles: ['pcp'] },
      responses: {
        200: {
          description: 'Tasks',
          schema: z.object({ tasks: z.array(reviewSchema) }),
        },
      },
      handler: async (ctx) => {
        const since = new Date(deps.now().getTime() - 30 * 86_400_000);
        const tasks = await tasksOf(deps.db, ctx.user.userId, since);
        await ctx.audit({
          action: 'registry.task_list',
          resourceType: 'registry_review',
          details: { count: tasks.length },
        });
        return { tasks };
      },
    }),
    route({
      method: 'post',
      path: '/api/registry/tasks/:reviewId/decision',
      tag: 'registry',
      summary: "Accept or decline a consultant's recommendation (once).",
      access: { roles: ['pcp'] },
      body: decisionBodySchema,
      responses: {
        200: {
          description: 'Decided',
          schema: z.object({ id: z.uuid(), decision: z.string() }),
        },
      },
      handler: async (ctx) => {
        const review = await ctx.care.registry.taskToDecide(
          ctx.params.reviewId!,
          'registry.task_decision',
        );
        await work.decide(ctx.care.actor, review, ctx.body.decision);
        return { id: review.id, decision: ctx.body.decision };
      },
    }),
  ];
}

const conflictEnded = () =>
  conflict('episode_ended', 'This registry episode has ended.');
