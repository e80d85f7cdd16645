// Strings of the field-ready shell: phone tab bar, retry, geolocation errors, the to-do inbox and
// confirmations (keys field.*). Chinese is the source; en/field.ts mirrors it.
export const field = {
  'field.retry': '重试',
  'field.locate.denied': '没有定位权限：请在浏览器设置中允许本网站使用位置',
  'field.locate.unavailable': '暂时无法确定位置，请到室外或稍后重试',
  'field.locate.timeout': '定位超时，请重试',
  'field.locate.unsupported': '此浏览器不支持定位',
  'field.tabs.label': '底部导航',
  'field.tabs.more': '更多',
  'field.largeScreen.title': '网格划分需要更大的屏幕',
  'field.largeScreen.body': '请在电脑或平板（宽度至少 900 像素）上打开网格划分。手机上可以查楼、查看网格责任。',
  'field.largeScreen.lookup': '去查楼',
} as const;
