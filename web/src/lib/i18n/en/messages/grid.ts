// English texts of the server's grid codes.
import type { gridMessages } from '$contract/messages/grid';
import type { Text } from '../../types';

export const grid: Record<keyof typeof gridMessages, Text> = {
};
