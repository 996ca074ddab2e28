import { idParams, pageOf } from '../../../types/common';
import { resetPasswordBody, staff, staffInput, staffListQuery, staffPatch } from '../../../types/partners';
import { defineRoute } from '../../core/route';
import * as service from './staff.service';

const tag = 'staff';
export const staffRoutes = [
  defineRoute({
    method: 'get', path: '/staff', action: 'staff.read', tag, summary: 'Upstream users (admins and channel managers)',
    query: staffListQuery, response: pageOf(staff),
    handler: ({ query }) => service.listStaff(query),
  }),
  defineRoute({
    method: 'post', path: '/staff', action: 'staff.manage', tag, summary: 'Add an upstream user with an initial password', status: 201,
    body: staffInput, response: staff,
    handler: ({ body }) => service.createStaff(body),
  }),
  defineRoute({
    method: 'get', path: '/staff/:id', action: 'staff.read', tag, summary: 'One upstream user',
    params: idParams, response: staff,
    handler: ({ params }) => service.getStaff(params.id),
  }),
  defineRoute({
    method: 'patch', path: '/staff/:id', action: 'staff.manage', tag, summary: 'Change role or status',
    params: idParams, body: staffPatch, response: staff,
    handler: ({ params, body }) => service.updateStaff(params.id, body),
  }),
  defineRoute({
    method: 'post', path: '/staff/:id/password', action: 'staff.manage', tag, summary: 'Set a new initial password',
    params: idParams, body: resetPasswordBody, response: staff,
    handler: ({ params, body }) => service.resetStaffPassword(params.id, body.initialPassword),
  }),
];
