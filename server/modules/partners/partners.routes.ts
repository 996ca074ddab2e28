import { z } from 'zod';
import { idParams, pageOf } from '../../../types/common';
import {
  level, levelInput, levelPatch, member, memberInput, memberListQuery, memberPatch, partner, partnerInput, partnerListQuery,
  partnerPatch, resetPasswordBody, suspendBody,
} from '../../../types/partners';
import { defineRoute } from '../../core/route';
import * as service from './partners.service';

const noQuery = z.strictObject({});

export const levelRoutes = [
  defineRoute({
    method: 'get', path: '/levels', action: 'levels.read', tag: 'levels', summary: 'Partner levels, highest first',
    query: noQuery, response: z.array(level),
    handler: () => service.listLevels(),
  }),
  defineRoute({
    method: 'post', path: '/levels', action: 'levels.manage', tag: 'levels', summary: 'Create a partner level', status: 201,
    body: levelInput, response: level,
    handler: ({ body }) => service.createLevel(body),
  }),
  defineRoute({
    method: 'patch', path: '/levels/:id', action: 'levels.manage', tag: 'levels', summary: 'Change a partner level',
    params: idParams, body: levelPatch, response: level,
    handler: ({ params, body }) => service.updateLevel(params.id, body),
  }),
  defineRoute({
    method: 'delete', path: '/levels/:id', action: 'levels.manage', tag: 'levels', summary: 'Delete a level no partner uses', status: 204,
    params: idParams,
    handler: ({ params }) => service.deleteLevel(params.id),
  }),
];

export const partnerRoutes = [
  defineRoute({
    method: 'get', path: '/partners', action: 'partners.read', tag: 'partners', summary: 'Partner companies visible to the caller',
    query: partnerListQuery, response: pageOf(partner),
    handler: ({ query }) => service.listPartners(query),
  }),
  defineRoute({
    method: 'post', path: '/partners', action: 'partners.manage', tag: 'partners', summary: 'Create a partner company', status: 201,
    body: partnerInput, response: partner,
    handler: ({ body }) => service.createPartner(body),
  }),
  defineRoute({
    method: 'get', path: '/partners/:id', action: 'partners.read', tag: 'partners', summary: 'One partner company',
    params: idParams, response: partner,
    handler: ({ params }) => service.getPartner(params.id),
  }),
  defineRoute({
    method: 'patch', path: '/partners/:id', action: 'partners.manage', tag: 'partners', summary: 'Change a partner company',
    params: idParams, body: partnerPatch, response: partner,
    handler: ({ params, body }) => service.updatePartner(params.id, body),
  }),
  defineRoute({
    method: 'post', path: '/partners/:id/suspend', action: 'partners.manage', tag: 'partners', summary: 'Suspend: its people are signed out at once',
    params: idParams, body: suspendBody, response: partner,
    handler: ({ params, body }) => service.suspendPartner(params.id, body.reason),
  }),
  defineRoute({
    method: 'post', path: '/partners/:id/reactivate', action: 'partners.manage', tag: 'partners', summary: 'Lift a suspension',
    params: idParams, response: partner,
    handler: ({ params }) => service.reactivatePartner(params.id),
  }),
];

export const memberRoutes = [
  defineRoute({
    method: 'get', path: '/members', action: 'members.read', tag: 'members', summary: 'Partner members visible to the caller',
    query: memberListQuery, response: pageOf(member),
    handler: ({ query }) => service.listMembers(query),
  }),
  defineRoute({
    method: 'post', path: '/members', action: 'members.manage', tag: 'members', summary: 'Add a partner member with an initial password', status: 201,
    body: memberInput, response: member,
    handler: ({ body }) => service.createMember(body),
  }),
  defineRoute({
    method: 'get', path: '/members/:id', action: 'members.read', tag: 'members', summary: 'One partner member',
    params: idParams, response: member,
    handler: ({ params }) => service.getMember(params.id),
  }),
  defineRoute({
    method: 'patch', path: '/members/:id', action: 'members.manage', tag: 'members', summary: 'Change role, capacity or status',
    params: idParams, body: memberPatch, response: member,
    handler: ({ params, body }) => service.updateMember(params.id, body),
  }),
  defineRoute({
    method: 'post', path: '/members/:id/password', action: 'members.manage', tag: 'members', summary: 'Set a new initial password',
    params: idParams, body: resetPasswordBody, response: member,
    handler: ({ params, body }) => service.resetMemberPassword(params.id, body.initialPassword),
  }),
];
