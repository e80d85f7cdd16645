/** English fallback texts of printing maps. */
export const printMessages = {
  'print.font_missing': 'Printing needs the {font} font: install the {package} package on the server',
} as const;
