// Plain Node.js Lambda handlers for the order-processing example, used by local dry runs.

class InvalidOrder extends Error {
  constructor(message) {
    super(message);
    this.name = 'InvalidOrder';
  }
}

class PaymentFailed extends Error {
  constructor(message) {
    super(message);
    this.name = 'PaymentFailed';
  }
}

export const validateOrder = async (order) => {
  if (!order.orderId) throw new InvalidOrder('The order has no orderId.');
  if (!Array.isArray(order.items) || order.items.length === 0) throw new InvalidOrder(`Order ${order.orderId} has no items.`);
  const total = order.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  return { ...order, total };
};

// The card "4000-0000-0000-0002" is declined, as in payment providers' test cards.
export const processPayment = async (order) => {
  if (order.card === '4000-0000-0000-0002') throw new PaymentFailed(`Card declined for order ${order.orderId}.`);
  return { transactionId: `tx-${order.orderId}`, amount: order.total, status: 'CHARGED' };
};

export const updateInventory = async (order) => ({
  reserved: order.items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
});
