import { funnelOperation } from '../../helpers/eventOperation';

/** Mark as Won: RD's SALE event (OAuth2), with the sale's value. */
export const { description, load, prepare, send, batch, createdId } = funnelOperation('markWon', 'SALE', [
	{
		displayName: 'Value',
		name: 'value',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		required: true,
		default: '',
		description: 'Value of the sale. Text such as "1500.00" is converted.',
	},
]);
