// Texts of printing maps.
import type { printMessages } from '$contract/messages/print';
import type { Text } from '../../types';

export const print: Record<keyof typeof printMessages, Text> = {
  'print.font_missing': '打印地图需要 {font} 字体：请在服务器上安装 {package} 软件包',
};
