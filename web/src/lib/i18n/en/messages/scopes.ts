// English texts of the server's data-scope codes.
import type { scopesMessages } from '$contract/messages/scopes';
import type { Text } from '../../types';

export const scopes: Record<keyof typeof scopesMessages, Text> = {
  'scope.unknown': 'No division or community has the code {code}: a data scope is a known city, county, town or community',
  'scope.outside': '{code} lies outside your data scope {scope}',
  'scope.row_outside': 'Row {row}: community {code} lies outside your data scope {scope}',
  'scope.feature_outside': 'Feature {feature}: {code} lies outside your data scope {scope} (nothing imported; {count} outside in all)',
};
