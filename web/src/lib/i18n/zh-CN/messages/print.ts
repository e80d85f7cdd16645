// Texts of printing maps.
import type { printMessages } from '$contract/messages/print';
import type { Text } from '../../types';

export const print: Record<keyof typeof printMessages, Text> = {
  'print.font_missing': '打印地图需要 {font} 字体：请在服务器上安装 {package} 软件包',
  'basemap.tile_unreachable': '底图服务器未能提供瓦片 {tile}：{reason}',
  'basemap.no_layer': '此底图没有第 {layer} 图层',
};
