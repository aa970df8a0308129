/**
 * The product range as data: categories with their base items (list price in EUR, typical maximum
 * quantity per line) and the brands/variants they come in. build-products.ts expands it into
 * ~240 products (every item in every brand) and wires up the bundles.
 */

export interface CatalogItem {
  readonly name: string;
  readonly price: number;
  /** Typical maximum units per order line for a normal customer. */
  readonly maxQty: number;
  /** Relative popularity within the category. */
  readonly popularity: number;
}

export interface CatalogCategory {
  readonly name: string;
  /** SKU prefix. */
  readonly code: string;
  /** Share of order lines drawn from this category (before bundles). */
  readonly lineShare: number;
  readonly brands: readonly string[];
  readonly items: readonly CatalogItem[];
}

const item = (name: string, price: number, maxQty: number, popularity = 1): CatalogItem => ({ name, price, maxQty, popularity });

export const CATEGORIES: readonly CatalogCategory[] = [
  {
    name: 'Printers',
    code: 'PRT',
    lineShare: 0.035,
    brands: ['Brightline', 'Kyoto Imaging', 'Nordprint', 'Inkora', 'Printwell'],
    items: [
      item('Mono Laser Printer LP-200', 189, 2, 2),
      item('Colour Laser Printer CLP-410', 429, 2, 1.5),
      item('Multifunction Printer MF-620', 649, 2, 1.2),
      item('Inkjet Printer IJ-90', 119, 3, 1),
    ],
  },
  {
    name: 'Printer Supplies',
    code: 'SUP',
    lineShare: 0.17,
    brands: ['Brightline', 'Kyoto Imaging', 'Nordprint', 'Inkora', 'Printwell'],
    items: [
      item('Toner Cartridge for LP-200', 79, 6, 2),
      item('Toner Set CMYK for CLP-410', 239, 3, 1.2),
      item('Toner Cartridge for MF-620', 119, 4, 1.2),
      item('Ink Cartridge Multipack for IJ-90', 45, 6, 1),
      item('Drum Unit', 99, 2, 0.4),
    ],
  },
  {
    name: 'Office Supplies',
    code: 'OFF',
    lineShare: 0.27,
    brands: ['Papyra', 'Officio', 'Bürostar', 'Scriva', 'Deskmate'],
    items: [
      item('Copy Paper A4 80 g, box of 5 reams', 24.9, 20, 4),
      item('Premium Paper A4 100 g, 500 sheets', 9.8, 10, 1.5),
      item('Ballpoint Pens, blue (box of 50)', 14.5, 10, 2),
      item('Sticky Notes 76×76 mm, 12 pads', 7.9, 12, 2),
      item('Lever Arch Files A4, pack of 10', 29.9, 8, 1.5),
      item('Stapler "Heavy Duty" 60 sheets', 34.5, 3, 0.7),
      item('Whiteboard Markers, 4 colours', 8.5, 10, 1.2),
      item('Envelopes C4, box of 250', 32, 6, 0.8),
      item('Shipping Labels 99×38 mm, 800 pcs', 21.5, 6, 0.6),
    ],
  },
  {
    name: 'Computers',
    code: 'CMP',
    lineShare: 0.065,
    brands: ['Nova', 'Kestrel', 'Vantor', 'Solace', 'Arcadia'],
    items: [
      item('Business Laptop 14"', 1090, 4, 2),
      item('Ultrabook 13"', 1390, 3, 1.2),
      item('Workstation Laptop 16"', 2190, 2, 0.6),
      item('Compact Desktop PC', 790, 4, 1),
      item('Tablet 11"', 549, 4, 0.8),
    ],
  },
  {
    name: 'Monitors',
    code: 'MON',
    lineShare: 0.07,
    brands: ['Nova', 'Viewra', 'Lumen', 'Pixona', 'Arcadia'],
    items: [
      item('Monitor 24" Full HD', 159, 6, 2),
      item('Monitor 27" QHD', 289, 5, 1.6),
      item('Monitor 32" 4K', 449, 3, 0.8),
      item('Curved Monitor 34" UltraWide', 599, 2, 0.5),
    ],
  },
  {
    name: 'Accessories',
    code: 'ACC',
    lineShare: 0.16,
    brands: ['Kestrel', 'Connecto', 'Viewra', 'Linkwise', 'Deskmate'],
    items: [
      item('USB-C Docking Station', 189, 4, 1.2),
      item('Wireless Mouse', 24.9, 10, 2),
      item('Keyboard, wireless', 49.9, 8, 1.5),
      item('Laptop Bag 15.6"', 59, 4, 0.8),
      item('HDMI Cable 2 m', 12.9, 10, 1.5),
      item('Monitor Arm, single', 89, 4, 0.7),
      item('Headset with Noise Cancelling', 129, 6, 1),
      item('Webcam 1080p', 79, 6, 0.8),
      item('Network Cable Cat6, 5 m', 8.9, 20, 1),
      item('8-Port Gigabit Switch', 69, 3, 0.5),
    ],
  },
  {
    name: 'Furniture',
    code: 'FUR',
    lineShare: 0.08,
    brands: ['Ergoform', 'Nordic Office', 'Arbeo', 'Sitwell', 'Lignum'],
    items: [
      item('Height-Adjustable Desk 160×80', 649, 4, 1.2),
      item('Ergonomic Office Chair', 389, 6, 1.5),
      item('Desk Lamp LED', 69, 6, 1),
      item('Filing Cabinet, 3 drawers', 249, 3, 0.6),
      item('Meeting Table 240×110', 990, 1, 0.3),
    ],
  },
  {
    name: 'Breakroom',
    code: 'BRK',
    lineShare: 0.13,
    brands: ['Caffè Aurora', 'Kaffeehaus', 'Brewline', 'Tazza', 'Pausa'],
    items: [
      item('Bean-to-Cup Coffee Machine', 1290, 1, 0.5),
      item('Coffee Beans 1 kg', 18.9, 20, 3),
      item('Paper Cups 200 ml, 1000 pcs', 39, 6, 1.5),
      item('Tea Assortment, 100 bags', 12.5, 10, 1.2),
      item('Water Filter Cartridges, 3-pack', 29.9, 6, 0.6),
    ],
  },
];
