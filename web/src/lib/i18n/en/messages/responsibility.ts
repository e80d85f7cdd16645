// English texts of the server's responsibility codes.
import type { responsibilityMessages } from '$contract/messages/responsibility';
import type { Text } from '../../types';

export const responsibility: Record<keyof typeof responsibilityMessages, Text> = {
};
