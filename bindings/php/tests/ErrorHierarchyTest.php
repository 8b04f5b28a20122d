<?php
declare(strict_types=1);

namespace LiterLlm\Tests;

use LiterLlm\Exception\ErrorMap;
use PHPUnit\Framework\TestCase;

/** The header's table of label parents is the one every binding implements. */
final class ErrorHierarchyTest extends TestCase
{
    public function testSubclassesFollowTheHeadersParents(): void
    {
        $h = (string)file_get_contents(dirname(__DIR__) . '/liter_llm.h');
        preg_match_all('/^ \*   (\w+) -> (\w+)$/m', $h, $m, PREG_SET_ORDER);
        $parents = [];
        foreach ($m as [, $child, $parent]) {
            $parents[$child] = $parent;
        }
        $this->assertNotEmpty($parents);
        foreach (ErrorMap::CLASSES as $label => $class) {
            foreach (ErrorMap::CLASSES as $other => $otherClass) {
                $should = $other === $label || ($parents[$label] ?? null) === $other;
                $this->assertSame($should, is_a($class, $otherClass, true), "$label is $other");
            }
        }
    }
}
