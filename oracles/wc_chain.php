<?php
// WooCommerce's coupon-code chain, applied with WordPress's own functions (loaded
// at test time from Debian's `wordpress` package; nothing of WordPress or
// WooCommerce is in this repository). Written from WooCommerce's documented
// behaviour (shared/research/platform-rules.md §4):
//
//   wc_format_coupon_code($code) = apply_filters('woocommerce_coupon_code', $code), with
//     1. html_entity_decode
//     2. wc_sanitize_coupon_code: wp_kses(sanitize_post_field('post_title', $v, 0, 'db'),
//        'entities'), then stripslashes() unless the user has `unfiltered_html`
//     3. wc_strtolower: mb_strtolower
//
// Two users: an administrator (`unfiltered_html`: no kses on the title, no
// stripslashes) and a shop manager without it (WordPress adds wp_filter_kses to
// `title_save_pre`, WooCommerce then strips the slashes it adds).
//
// Usage: php wc_chain.php WP_ROOT < hex lines > "admin_hex<TAB>manager_hex" lines; a
// chain that throws gives `!` and the exception class instead of the hex (WordPress
// 6.1's kses throws a TypeError on PHP 8 for a "tag" named like an entity list
// index, e.g. `<3`: WooCommerce answers such a coupon code with a fatal error).

$root = rtrim($argv[1], '/') . '/';
define('ABSPATH', $root);
define('WPINC', 'wp-includes');

// The few WordPress runtime functions these files call, answered as a plain
// UTF-8 single site would (no database).
function is_admin() { return false; }
function wp_installing() { return false; }
function is_multisite() { return false; }
function wp_cache_get($key, $group = '') { return $key === 'alloptions' ? ['blog_charset' => 'UTF-8'] : false; }

require ABSPATH . WPINC . '/plugin.php';
require ABSPATH . WPINC . '/functions.php';
require ABSPATH . WPINC . '/formatting.php';
require ABSPATH . WPINC . '/kses.php';
require ABSPATH . WPINC . '/post.php';
require ABSPATH . WPINC . '/blocks.php';
require ABSPATH . WPINC . '/class-wp-block-parser.php';
require ABSPATH . WPINC . '/default-filters.php';
add_filter('pre_option_blog_charset', function () { return 'UTF-8'; });

function wc_chain(string $code, bool $unfiltered_html): string {
    if ($unfiltered_html) {
        remove_filter('title_save_pre', 'wp_filter_kses');
    } else {
        add_filter('title_save_pre', 'wp_filter_kses');
    }
    $v = html_entity_decode($code);
    $v = wp_kses(sanitize_post_field('post_title', $v, 0, 'db'), 'entities');
    if (!$unfiltered_html) {
        $v = stripslashes($v);
    }
    return mb_strtolower($v);
}

if (mb_internal_encoding() !== 'UTF-8') {
    mb_internal_encoding('UTF-8');
}
$in = fopen('php://stdin', 'r');
$out = fopen('php://stdout', 'w');
while (($line = fgets($in)) !== false) {
    $code = hex2bin(rtrim($line, "\n"));
    $answers = [];
    foreach ([true, false] as $unfiltered_html) {
        try {
            $answers[] = bin2hex(wc_chain($code, $unfiltered_html));
        } catch (Throwable $e) {
            $answers[] = '!' . get_class($e);
        }
    }
    fwrite($out, implode("\t", $answers) . "\n");
}
