/** English fallback texts of accounts' data scopes (a city, county, town or community). */
export const scopesMessages = {
  'scope.unknown': 'No division or community has the code {code}: a data scope is a known city, county, town or community',
  'scope.outside': '{code} lies outside your data scope {scope}',
  'scope.row_outside': 'Row {row}: community {code} lies outside your data scope {scope}',
  'scope.feature_outside': 'Feature {feature}: {code} lies outside your data scope {scope} (nothing imported; {count} outside in all)',
} as const;
