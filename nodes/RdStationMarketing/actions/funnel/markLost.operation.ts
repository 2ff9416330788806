import { funnelOperation } from '../../helpers/eventOperation';

/** Mark as Lost: RD's OPPORTUNITY_LOST event (OAuth2), with a reason. */
export const { description, load, prepare, send, batch, createdId } = funnelOperation('markLost', 'OPPORTUNITY_LOST', [
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		description: 'Why the opportunity was lost',
	},
]);
