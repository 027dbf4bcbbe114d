// The plan rule lives in @doorstep/domain: the server words its "plan booked" notice with it too.
export * from '@doorstep/domain/plans/plan-rule'
