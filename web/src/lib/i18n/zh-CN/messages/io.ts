// Texts of the server's io codes.
import type { ioMessages } from '$contract/messages/io';
import type { Text } from '../../types';

export const io: Record<keyof typeof ioMessages, Text> = {
};
