/**
 * Category profiles: the shapes every SKU of a category shares (weekly and yearly seasonality,
 * growth, holiday sensitivity, price level, return rate, recovery after the shutdown, suppliers).
 * Numbers are plausible for a mid-sized European web shop, not fitted to any real retailer.
 */
export interface CategoryProfile {
  name: string;
  /** Relative share of the assortment. */
  skuShare: number;
  /** Relative demand per SKU. */
  popularity: number;
  /** Yearly growth factor (1.15 = +15 % a year). */
  growth: number;
  /** Monday … Sunday multipliers (mean 1 after normalisation). */
  weekly: number[];
  /** Yearly seasonality as harmonics: [amplitude, peak day of year, period in days]. */
  yearly: Array<[number, number, number]>;
  /** 0 … 1: how much the category sells as Christmas gifts. */
  gift: number;
  /** 0 … 1: how strongly Black Friday / Cyber Monday lift it. */
  blackFriday: number;
  /** Median list price and its log-spread. */
  price: [number, number];
  /** Price elasticity range (demand ∝ price^-e). */
  elasticity: [number, number];
  /** Share of sold lines returned, range over SKUs. */
  returnRate: [number, number];
  /** Recovery after reopening: level reached (vs. pre-shutdown dynamics), level on reopening day, time constant in days. */
  recovery: { cap: number; floor: number; tau: number };
  suppliers: Array<{ name: string; leadTime: [number, number] }>;
  adjectives: string[];
  nouns: string[];
}

export const CATEGORIES: CategoryProfile[] = [
  {
    name: 'electronics',
    skuShare: 0.16,
    popularity: 1.2,
    growth: 1.17,
    weekly: [1.05, 1.0, 0.98, 0.98, 1.0, 0.94, 1.05],
    yearly: [[0.08, 330, 365.25]],
    gift: 0.8,
    blackFriday: 1.0,
    price: [89, 0.8],
    elasticity: [1.2, 2.2],
    returnRate: [0.04, 0.1],
    recovery: { cap: 1.0, floor: 0.35, tau: 30 },
    suppliers: [
      { name: 'Shenzhen Brightway Ltd', leadTime: [45, 60] },
      { name: 'Nordic Audio AB', leadTime: [10, 16] },
      { name: 'Eurotronics GmbH', leadTime: [7, 12] },
    ],
    adjectives: ['Wireless', 'Compact', 'Smart', 'Portable', 'Pro', 'Ultra-thin', 'Noise-cancelling'],
    nouns: [
      'Earbuds',
      'Speaker',
      'Power Bank',
      'Charger',
      'Headphones',
      'Webcam',
      'Keyboard',
      'Mouse',
      'Smartwatch',
    ],
  },
  {
    name: 'apparel',
    skuShare: 0.2,
    popularity: 1.0,
    growth: 1.12,
    weekly: [1.08, 1.0, 0.96, 0.95, 0.97, 0.92, 1.12],
    yearly: [
      [0.15, 100, 182.6],
      [0.1, 290, 365.25],
    ],
    gift: 0.35,
    blackFriday: 0.8,
    price: [35, 0.5],
    elasticity: [1.0, 2.0],
    returnRate: [0.18, 0.35],
    recovery: { cap: 0.8, floor: 0.2, tau: 60 },
    suppliers: [
      { name: 'Porto Textiles Lda', leadTime: [14, 25] },
      { name: 'Dhaka Garments Co', leadTime: [50, 70] },
    ],
    adjectives: ['Merino', 'Organic Cotton', 'Slim', 'Relaxed', 'Waterproof', 'Linen', 'Classic'],
    nouns: ['T-Shirt', 'Hoodie', 'Jacket', 'Chinos', 'Dress', 'Sweater', 'Socks (3-pack)', 'Rain Coat'],
  },
  {
    name: 'home',
    skuShare: 0.15,
    popularity: 0.9,
    growth: 1.14,
    weekly: [1.1, 1.02, 0.98, 0.96, 0.92, 0.9, 1.12],
    yearly: [[0.1, 20, 365.25]],
    gift: 0.3,
    blackFriday: 0.6,
    price: [42, 0.6],
    elasticity: [0.8, 1.6],
    returnRate: [0.05, 0.12],
    recovery: { cap: 0.9, floor: 0.25, tau: 45 },
    suppliers: [
      { name: 'Casa Nova Srl', leadTime: [12, 20] },
      { name: 'Ningbo Homeware', leadTime: [40, 55] },
    ],
    adjectives: ['Linen', 'Scandi', 'Velvet', 'Oak', 'Ceramic', 'Woven', 'Minimal'],
    nouns: [
      'Cushion Cover',
      'Throw Blanket',
      'Table Lamp',
      'Vase',
      'Storage Basket',
      'Curtain Set',
      'Wall Clock',
    ],
  },
  {
    name: 'garden',
    skuShare: 0.1,
    popularity: 0.9,
    growth: 1.15,
    weekly: [0.95, 0.92, 0.92, 0.94, 1.0, 1.15, 1.12],
    yearly: [[0.75, 135, 365.25]],
    gift: 0.05,
    blackFriday: 0.3,
    price: [38, 0.7],
    elasticity: [0.8, 1.5],
    returnRate: [0.03, 0.08],
    recovery: { cap: 1.05, floor: 0.3, tau: 25 },
    suppliers: [
      { name: 'GreenLeaf BV', leadTime: [8, 14] },
      { name: 'Hortus Tools SA', leadTime: [15, 25] },
    ],
    adjectives: ['Stainless', 'Foldable', 'Solar', 'Heavy-duty', 'Ergonomic', 'Self-watering'],
    nouns: [
      'Pruning Shears',
      'Hose Reel',
      'Planter',
      'Garden Light',
      'Seed Kit',
      'Watering Can',
      'Bird Feeder',
    ],
  },
  {
    name: 'toys',
    skuShare: 0.12,
    popularity: 1.0,
    growth: 1.1,
    weekly: [0.95, 0.93, 0.93, 0.95, 1.0, 1.1, 1.14],
    yearly: [[0.12, 340, 365.25]],
    gift: 1.0,
    blackFriday: 0.9,
    price: [25, 0.6],
    elasticity: [1.0, 1.8],
    returnRate: [0.04, 0.1],
    recovery: { cap: 0.7, floor: 0.15, tau: 75 },
    suppliers: [
      { name: 'Jouets Lyon SARL', leadTime: [10, 18] },
      { name: 'Guangzhou PlayCo', leadTime: [45, 65] },
    ],
    adjectives: ['Wooden', 'Magnetic', 'Remote-control', 'Plush', 'Educational', 'Giant'],
    nouns: [
      'Building Blocks',
      'Puzzle (500 pcs)',
      'Race Car',
      'Teddy Bear',
      'Board Game',
      'Train Set',
      'Art Kit',
    ],
  },
  {
    name: 'beauty',
    skuShare: 0.1,
    popularity: 1.3,
    growth: 1.16,
    weekly: [1.04, 1.02, 1.0, 0.98, 0.98, 0.94, 1.04],
    yearly: [[0.05, 170, 365.25]],
    gift: 0.55,
    blackFriday: 0.8,
    price: [18, 0.5],
    elasticity: [0.7, 1.4],
    returnRate: [0.02, 0.06],
    recovery: { cap: 0.95, floor: 0.4, tau: 20 },
    suppliers: [
      { name: 'Grasse Naturals', leadTime: [6, 12] },
      { name: 'Seoul Glow Inc', leadTime: [25, 40] },
    ],
    adjectives: ['Hydrating', 'Vegan', 'Vitamin C', 'Fragrance-free', 'Overnight', 'Mineral'],
    nouns: ['Face Serum', 'Hand Cream', 'Lip Balm', 'Shampoo Bar', 'Sunscreen SPF50', 'Body Oil'],
  },
  {
    name: 'sports',
    skuShare: 0.09,
    popularity: 0.9,
    growth: 1.13,
    weekly: [1.12, 1.02, 0.98, 0.96, 0.94, 0.92, 1.06],
    yearly: [
      [0.25, 15, 365.25],
      [0.2, 160, 365.25],
    ],
    gift: 0.25,
    blackFriday: 0.7,
    price: [45, 0.7],
    elasticity: [1.0, 1.8],
    returnRate: [0.08, 0.15],
    recovery: { cap: 0.85, floor: 0.25, tau: 40 },
    suppliers: [
      { name: 'Alpine Gear AG', leadTime: [10, 18] },
      { name: 'Taipei Fitness Mfg', leadTime: [40, 55] },
    ],
    adjectives: ['Lightweight', 'Adjustable', 'Non-slip', 'Insulated', 'Reflective', 'Pro'],
    nouns: ['Yoga Mat', 'Dumbbell Set', 'Water Bottle', 'Running Belt', 'Resistance Bands', 'Cycling Gloves'],
  },
  {
    name: 'kitchen',
    skuShare: 0.08,
    popularity: 1.0,
    growth: 1.13,
    weekly: [1.06, 1.0, 0.98, 0.97, 0.96, 0.95, 1.08],
    yearly: [[0.08, 345, 365.25]],
    gift: 0.6,
    blackFriday: 0.8,
    price: [29, 0.6],
    elasticity: [0.9, 1.6],
    returnRate: [0.04, 0.09],
    recovery: { cap: 0.9, floor: 0.3, tau: 35 },
    suppliers: [
      { name: 'Solingen Steelworks', leadTime: [9, 15] },
      { name: 'Foshan Kitchenware', leadTime: [45, 60] },
    ],
    adjectives: ['Cast-iron', 'Non-stick', 'Bamboo', 'Enamel', 'Stainless', 'Glass'],
    nouns: ['Frying Pan', 'Knife Set', 'Cutting Board', 'Coffee Grinder', 'Food Containers', 'Teapot'],
  },
];

export const COLORS = [
  'Black',
  'White',
  'Navy',
  'Grey',
  'Sage',
  'Sand',
  'Terracotta',
  'Blue',
  'Red',
  'Charcoal',
];
